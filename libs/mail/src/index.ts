export * from './mail-catcher';
export * from './mail-deliverer';
export * from './mail-delivery.module';
export * from './mail-outbox';
export * from './mail.module';
export * from './mail.service';
export * from './voter-notices';
export * from './notices';
