import { createRequire as __networkPreflightRequire } from 'node:module'; const require = __networkPreflightRequire(import.meta.url);
var o="1.0.0";export{o as a};
