export * from './errors/domain-error.js';
export * from './errors/error-table.js';
export * from './errors/common.errors.js';
export * from './saga/saga.js';
export * from './concurrency/map-limit.js';
export * from './concurrency/settle-all.js';
export * from './concurrency/running-work.js';
