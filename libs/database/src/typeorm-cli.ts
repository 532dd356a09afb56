// Entry for the TypeORM CLI: `npx typeorm -d dist/libs/database/src/typeorm-cli.js migration:show`.
import { loadConfig } from '@app/config';
import { createDataSource } from './data-source';

export default createDataSource(loadConfig().DATABASE_URL);
