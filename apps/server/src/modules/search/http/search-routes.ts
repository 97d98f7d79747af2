import type { RoutePlugin } from '../../../platform/http/http-app.js';
import { searchRecords } from '../app/search-records.js';
import { searchQuerySchema, searchResultSchema } from '../domain/search-schemas.js';

/** Global search: GET /v1/search. */
export const searchRoutes: RoutePlugin = (app) => {
  app.get(
    '/v1/search',
    {
      config: { permission: 'customers:read' },
      schema: {
        tags: ['search'],
        summary:
          'Find customers, accounts, meters, service points and premises by name, number, address, phone or email',
        description:
          'Identifiers, email addresses and phone numbers match exactly or by their start (a phone number by ' +
          'its end). Names and addresses match by their start, or when each word typed starts a word of ' +
          'theirs or is one typo away from one (a wrong, missing, extra or swapped letter or digit), ' +
          'ignoring accents ("Jose Nunez" finds José Núñez). Exact identifier matches come first.',
        querystring: searchQuerySchema,
        response: { 200: searchResultSchema },
      },
    },
    (request) => searchRecords(request.db, request.context, request.query),
  );
};
