import { problemParamTypes, type ProblemParamType } from '../platform/errors/problem-params.js';
import { problemContentType } from '../platform/http/problem-details.js';

type JsonSchema = Record<string, unknown>;
type OpenApiDocument = {
  paths?: Record<string, Record<string, unknown> | undefined>;
  components?: { schemas?: Record<string, unknown> } & Record<string, unknown>;
};

const httpMethods = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);

const paramSchemas: Record<ProblemParamType, JsonSchema> = {
  date: { type: 'string', format: 'date' },
  integer: { type: 'integer' },
  text: { type: 'string' },
};

/** Returns the component name of the `params` schema of `code`. */
function paramsSchemaName(code: string): string {
  return `ProblemParams.${code}`;
}

/** Builds the schemas of the problem details body, its field issues and the `params` of each code. */
function problemSchemas(): Record<string, JsonSchema> {
  const paramsByCode = Object.fromEntries(
    Object.entries(problemParamTypes).map(([code, types]) => [
      paramsSchemaName(code),
      {
        type: 'object',
        description: `The params of ${code}.`,
        properties: Object.fromEntries(
          Object.entries(types).map(([name, type]) => [name, paramSchemas[type]]),
        ),
        required: Object.keys(types),
        additionalProperties: false,
      },
    ]),
  );
  return {
    Problem: {
      type: 'object',
      description: 'An RFC 9457 problem details body, sent as application/problem+json.',
      properties: {
        type: { type: 'string', description: 'urn:open-cis:problem: followed by the code' },
        title: { type: 'string', description: 'The HTTP status text' },
        status: { type: 'integer' },
        detail: { type: 'string', description: 'What failed and what to do, in English' },
        instance: { type: 'string', description: 'The request id, to quote when reporting the failure' },
        code: {
          type: 'string',
          description: 'Stable machine-readable code, such as PAYMENTS.ACCOUNT_NOT_FOUND',
        },
        errors: { type: 'array', items: { $ref: '#/components/schemas/ProblemFieldIssue' } },
        params: {
          description: `The values of the message, so that a client can word it in its user's language. Only the codes with a ProblemParams schema carry it: ${Object.keys(problemParamTypes).join(', ')}.`,
          anyOf: Object.keys(paramsByCode).map((name) => ({ $ref: `#/components/schemas/${name}` })),
        },
      },
      required: ['type', 'title', 'status', 'detail', 'instance', 'code', 'errors'],
    },
    ProblemFieldIssue: {
      type: 'object',
      description:
        'One invalid field. An issue that a schema found has the zod issue code and the values needed to word it.',
      properties: {
        path: {
          type: 'string',
          description: 'Body paths are bare (lines.0.amount); others name their part (query.limit)',
        },
        message: { type: 'string', description: 'What is wrong, in English' },
        code: { type: 'string', description: 'The zod issue code, such as invalid_type or too_big' },
        params: {
          type: 'object',
          properties: {
            missing: { type: 'boolean', description: 'The value is absent' },
            origin: { type: 'string', description: 'What a size check measured: string, number, array, …' },
            minimum: { type: ['integer', 'number', 'string'] },
            maximum: { type: ['integer', 'number', 'string'] },
            format: { type: 'string', description: 'The string format expected, such as date' },
            input: {
              type: ['string', 'number', 'boolean'],
              description: 'The value found; only for query and path parameters, never for bodies or headers',
            },
          },
        },
      },
      required: ['path', 'message'],
    },
    ...paramsByCode,
  };
}

/**
 * Adds the problem details schemas to the document, and to every operation a 4XX and a 5XX response
 * with that body, since every route sends its errors as problem+json.
 */
export function addProblemSchemas<Document extends object>(generated: Document): Document {
  const document = generated as OpenApiDocument;
  const problemResponse = (description: string) => ({
    description,
    content: { [problemContentType]: { schema: { $ref: '#/components/schemas/Problem' } } },
  });
  const paths = Object.fromEntries(
    Object.entries(document.paths ?? {}).map(([path, item]) => [
      path,
      Object.fromEntries(
        Object.entries(item ?? {}).map(([method, operation]) => {
          if (!httpMethods.has(method)) return [method, operation];
          const { responses = {}, ...rest } = operation as { responses?: Record<string, unknown> };
          return [
            method,
            {
              ...rest,
              responses: {
                '4XX': problemResponse('The request was rejected'),
                '5XX': problemResponse('The server failed'),
                ...responses,
              },
            },
          ];
        }),
      ),
    ]),
  );
  const withProblems: OpenApiDocument = {
    ...document,
    paths,
    components: {
      ...document.components,
      schemas: { ...document.components?.schemas, ...problemSchemas() },
    },
  };
  return withProblems as Document;
}
