import { Duration } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import * as sns from "aws-cdk-lib/aws-sns";
import * as subscriptions from "aws-cdk-lib/aws-sns-subscriptions";
import { type StackContext, use } from "sst/constructs";
import { Console } from "./Console";
import { Pipeline } from "./Pipeline";
import { Storage } from "./Storage";
import { useAppSettings } from "./use-app-settings";

/**
 * Alarms to an SNS topic emailed to deploy.yaml `alarms.emails` (or the notification recipients): an S3 event that
 * failed three times (dead-letter queue not empty), a failed or timed-out run, errors of any function.
 */
export function Alarms({ stack, app }: StackContext) {
  const { config, deploy } = useAppSettings(app);
  const { deadLetters } = use(Storage);
  const { stageFunctions, trigger, stateMachine } = use(Pipeline);
  const { apiFunction } = use(Console);
  const settings = deploy.alarms;
  const period = Duration.minutes(settings.period_minutes);

  const topic = new sns.Topic(stack, "AlarmTopic", { displayName: "crm-reco alarms" });
  const emails = settings.emails.length > 0 ? settings.emails : config.notifications.recipients;
  for (const email of [...new Set(emails)]) topic.addSubscription(new subscriptions.EmailSubscription(email));
  const action = new SnsAction(topic);

  const alarm = (id: string, description: string, metric: cloudwatch.IMetric, threshold: number) => {
    const created = new cloudwatch.Alarm(stack, id, {
      alarmDescription: description,
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    created.addAlarmAction(action);
    return created;
  };

  const alarms = [
    alarm(
      "DeadLettersAlarm",
      "Inbox events failed three times and wait in the dead-letter queue: a drop may not have started a run.",
      deadLetters.metricApproximateNumberOfMessagesVisible({ period, statistic: "Maximum" }),
      1,
    ),
    alarm("RunFailedAlarm", "A run failed (see the run's failed stage).", stateMachine.metricFailed({ period, statistic: "Sum" }), 1),
    alarm("RunTimedOutAlarm", "A run timed out.", stateMachine.metricTimedOut({ period, statistic: "Sum" }), 1),
  ];
  const functions = { ...stageFunctions, TriggerFunction: trigger, ApiFunction: apiFunction };
  for (const [key, fn] of Object.entries(functions)) {
    const name = key.replace(/FunctionArn$|Function$/, "");
    alarms.push(
      alarm(`${name}ErrorsAlarm`, `The ${name} function failed.`, fn.metricErrors({ period, statistic: "Sum" }), settings.function_errors),
    );
  }

  return { topic, alarms };
}
