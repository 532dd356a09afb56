import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { PersonalDataCipher } from './personal-data-cipher';

/** Provides the PersonalDataCipher over the validated configuration's keys, to every module of the app. */
@Global()
@Module({
  providers: [
    {
      provide: PersonalDataCipher,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): PersonalDataCipher => new PersonalDataCipher(config),
    },
  ],
  exports: [PersonalDataCipher],
})
export class PersonalDataModule {}
