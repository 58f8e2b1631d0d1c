/* tslint:disable */
/* eslint-disable */
export * from './AdminApi.js';
export * from './BatchApi.js';
export * from './ChatApi.js';
export * from './EmbeddingsApi.js';
export * from './FilesApi.js';
export * from './MCPApi.js';
export * from './ModelsApi.js';
export * from './UsageApi.js';
