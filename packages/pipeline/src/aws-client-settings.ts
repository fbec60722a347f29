/**
 * Region, endpoint and credentials shared by every AWS client of the platform. With an endpoint (a local
 * server, or LocalStack through `AWS_ENDPOINT_URL…`) dummy credentials are enough; without one the SDK's
 * default chain applies, as in Lambda.
 */
export function awsClientSettings(endpoint: string | undefined, localCredentials = "local") {
  return {
    region: process.env.AWS_REGION ?? "eu-west-3",
    ...(endpoint
      ? {
          endpoint,
          credentials: {
            accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? localCredentials,
            secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? localCredentials,
          },
        }
      : {}),
  };
}
