/** See database-tests.mjs. */
export declare const DATABASE_TEST_FILES: string[];
export declare const SQLITE_ONLY_TEST_FILES: string[];
