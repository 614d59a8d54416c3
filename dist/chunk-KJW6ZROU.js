import { createRequire as __networkPreflightRequire } from 'node:module'; const require = __networkPreflightRequire(import.meta.url);
var o={passed:0,failed:1,configError:2,runtimeError:3};export{o as a};
