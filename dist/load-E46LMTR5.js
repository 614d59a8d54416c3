import { createRequire as __networkPreflightRequire } from 'node:module'; const require = __networkPreflightRequire(import.meta.url);
import{e as a,f as b,g as c,h as d,i as e,j as f}from"./chunk-EE773FDT.js";import"./chunk-3N7GYD7B.js";export{b as cidrProblem,a as dotted,c as kindOfId,e as loadConfigBytes,d as loadConfigFile,f as loadConfigText};
