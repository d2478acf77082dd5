import type { FastifyInstance } from 'fastify';

// Placeholder: routes are added by the owner of this area.
export default async function routes(_app: FastifyInstance): Promise<void> {}
