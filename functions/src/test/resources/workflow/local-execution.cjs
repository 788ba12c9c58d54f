// Runs one execution of a state machine definition with aws-local-stepfunctions, for the workflow
// tests (docs/workflow.md). aws-local-stepfunctions plays Step Functions; this script adds the two
// service integrations our definitions use, as Step Functions itself performs them:
//  - arn:aws:states:::lambda:invoke: Lambda's Invoke API (here the tests' loopback endpoint, through
//    the AWS SDK), the result wrapped as {"Payload": ..., "StatusCode": 200, ...}; a function error
//    becomes the error named by its errorType, with the function's error JSON as the Cause;
//  - arn:aws:states:::states:startExecution.sync:2: a nested execution of another definition, whose
//    result is {"ExecutionArn", "Output" (JSON), "Status": "SUCCEEDED", ...}; a failed one is
//    States.TaskFailed with the DescribeExecution-like JSON as the Cause.
// Every Wait state and every Retry pause is overridden to 0 ms.
// Usage: node local-execution.cjs <job.json>; prints one JSON document:
//   {"status": "SUCCEEDED"|"FAILED", "output", "error", "cause", "events": [...]}
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { createRequire } = require('node:module');

const job = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const sfnPackage = path.join(job.toolsDir, 'node_modules', 'aws-local-stepfunctions', 'package.json');
const fromSfn = createRequire(sfnPackage);
const { StateMachine } = fromSfn('aws-local-stepfunctions');
const { LambdaClient, InvokeCommand } = fromSfn('@aws-sdk/client-lambda');

const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';
const START_EXECUTION_SYNC = 'arn:aws:states:::states:startExecution.sync:2';

const lambda = new LambdaClient({
  region: job.region,
  endpoint: job.lambdaEndpoint,
  credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  maxAttempts: 1,
});

function namedError(name, cause) {
  const error = new Error(cause);
  error.name = name;
  return error;
}

async function invokeLambda(parameters) {
  let response;
  try {
    response = await lambda.send(new InvokeCommand({
      FunctionName: parameters.FunctionName,
      Payload: Buffer.from(JSON.stringify(parameters.Payload ?? null)),
    }));
  } catch (e) {
    // Lambda's own API errors, as Step Functions names them: Lambda.<exception>, or the SDK's.
    const name = e.$metadata && e.$metadata.httpStatusCode ? `Lambda.${e.name}` : 'Lambda.SdkClientException';
    throw namedError(name, e.message);
  }
  const text = response.Payload ? Buffer.from(response.Payload).toString('utf8') : 'null';
  if (response.FunctionError) {
    let errorType = 'Lambda.Unknown';
    try {
      errorType = JSON.parse(text).errorType || errorType;
    } catch (ignored) {
      // not the runtime's JSON: Step Functions reports Lambda.Unknown
    }
    throw namedError(errorType, text);
  }
  return {
    ExecutedVersion: response.ExecutedVersion,
    Payload: JSON.parse(text),
    SdkHttpMetadata: { HttpStatusCode: response.StatusCode },
    SdkResponseMetadata: { RequestId: response.$metadata.requestId },
    StatusCode: response.StatusCode,
  };
}

function statesOf(definition, visit) {
  for (const [name, state] of Object.entries(definition.States)) {
    visit(name, state);
    const inner = state.ItemProcessor || state.Iterator;
    if (inner) statesOf(inner, visit);
    (state.Branches || []).forEach((branch) => statesOf(branch, visit));
  }
}

function options(definition) {
  const taskResourceLocalHandlers = {};
  const waitTimeOverrides = {};
  const retryIntervalOverrides = {};
  statesOf(definition, (name, state) => {
    if (state.Type === 'Wait') waitTimeOverrides[name] = 0;
    if (state.Retry) retryIntervalOverrides[name] = 0;
    if (state.Type === 'Task' && state.Resource === LAMBDA_INVOKE) {
      taskResourceLocalHandlers[name] = invokeLambda;
    } else if (state.Type === 'Task' && state.Resource === START_EXECUTION_SYNC) {
      taskResourceLocalHandlers[name] = startExecutionSync;
    } else if (state.Type === 'Task') {
      throw new Error(`State ${name} uses ${state.Resource}, which local-execution.cjs does not serve`);
    }
  });
  return { overrides: { taskResourceLocalHandlers, waitTimeOverrides, retryIntervalOverrides } };
}

let executions = 0;

async function run(definition, input, arn) {
  const machine = new StateMachine(definition);
  const execution = machine.run(input, options(definition));
  const events = [];
  const logged = (async () => {
    for await (const event of execution.eventLogs) {
      events.push(event);
    }
  })();
  let result;
  try {
    result = { status: 'SUCCEEDED', output: await execution.result };
  } catch (ignored) {
    result = { status: 'FAILED' };
  }
  await logged;
  const failed = events.find((event) => event.type === 'ExecutionFailed');
  if (failed) {
    result = { status: 'FAILED', error: failed.Error, cause: failed.Cause };
  }
  result.executionArn = arn;
  result.events = events.map(({ type, state, Error, Cause, index }) => ({
    type, state: state && state.name, stateType: state && state.type, error: Error, cause: Cause, index,
  }));
  return result;
}

async function startExecutionSync(parameters) {
  const file = job.stateMachines[parameters.StateMachineArn];
  if (!file) {
    throw namedError('StepFunctions.StateMachineDoesNotExistException', `State Machine Does Not Exist: '${parameters.StateMachineArn}'`);
  }
  executions += 1;
  const arn = `${parameters.StateMachineArn.replace(':stateMachine:', ':execution:')}:local-${executions}`;
  const nested = await run(JSON.parse(fs.readFileSync(file, 'utf8')), parameters.Input, arn);
  (job.nested = job.nested || []).push(nested);
  if (nested.status !== 'SUCCEEDED') {
    throw namedError('States.TaskFailed', JSON.stringify({
      ExecutionArn: arn, StateMachineArn: parameters.StateMachineArn, Status: 'FAILED',
      Error: nested.error, Cause: nested.cause,
    }));
  }
  return { ExecutionArn: arn, StateMachineArn: parameters.StateMachineArn, Status: 'SUCCEEDED', Output: nested.output };
}

(async () => {
  const definition = JSON.parse(fs.readFileSync(job.definition, 'utf8'));
  const result = await run(definition, job.input, 'local');
  result.nested = job.nested || [];
  process.stdout.write(JSON.stringify(result));
})().catch((e) => {
  process.stderr.write(`local-execution.cjs: ${e && e.stack ? e.stack : e}\n`);
  process.exit(1);
});
