/** See database-tests.mjs. */
export declare const DATABASE_TEST_FILES: string[];
