import { SQSClient } from "@aws-sdk/client-sqs";
import { awsClientSettings } from "../aws-client-settings";

/** Every SQS client of the platform; `AWS_ENDPOINT_URL(_SQS)` or `endpoint` points it at a local server. */
export function createSqsClient(endpoint = process.env.AWS_ENDPOINT_URL_SQS ?? process.env.AWS_ENDPOINT_URL): SQSClient {
  return new SQSClient(awsClientSettings(endpoint));
}
