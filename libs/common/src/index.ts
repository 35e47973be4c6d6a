export * from './errors/domain-error.js';
export * from './saga/saga.js';
export * from './concurrency/map-limit.js';
export * from './concurrency/settle-all.js';
