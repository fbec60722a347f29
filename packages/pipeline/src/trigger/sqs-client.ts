import { SQSClient } from "@aws-sdk/client-sqs";

/** Every SQS client of the platform; `AWS_ENDPOINT_URL(_SQS)` or `endpoint` points it at a local server. */
export function createSqsClient(endpoint = process.env.AWS_ENDPOINT_URL_SQS ?? process.env.AWS_ENDPOINT_URL): SQSClient {
  return new SQSClient({
    region: process.env.AWS_REGION ?? "eu-west-3",
    ...(endpoint
      ? {
          endpoint,
          credentials: {
            accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? "local",
            secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? "local",
          },
        }
      : {}),
  });
}
