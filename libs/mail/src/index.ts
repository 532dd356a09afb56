export * from './mail-catcher';
export * from './mail.module';
export * from './mail.service';
