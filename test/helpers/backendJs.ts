// Jest setup for the 'js' project: the reference kernels stand behind every kernel call.
process.env.KUBIKI_BACKEND = 'js';
