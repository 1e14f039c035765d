/** `npm start` runs this after migrating. The demo organisation arrives with accounts and tenancy. */
process.stdout.write('seed: nothing to seed yet\n');
