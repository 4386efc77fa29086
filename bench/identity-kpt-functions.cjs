// Bench row: an identity function on the kpt-functions TypeScript SDK (what users of the SDK get).
const { run } = require('kpt-functions');

async function identity() {}
identity.usage = 'identity';
run(identity);
