// The building blocks other features use; see the module comments for the rules.
export * from './auth-user';
export * from './auth.decorators';
export * from './auth.module';
export * from './masking';
export * from './password.service';
export * from './personal-data.service';
export * from './reply-link.service';
export * from './scope.service';
