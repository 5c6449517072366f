// Console: the JSON HTTP API for investigators, with accounts, roles, sessions and API tokens.
export { createApi, ROUTES, type Route } from './api.ts';
export { addUser, addToken, login, hashPassword, verifyPassword, AuthError, type User } from './auth.ts';
export { ROLES, PERMISSIONS, allowed, type Role, type Permission } from './roles.ts';
export { writeReport, type ReportFiles } from './report/index.ts';
