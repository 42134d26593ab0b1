/** The baseline for the simulated cold start: a handler that does nothing. */
export const handler = async () => ({ statusCode: 200 });
