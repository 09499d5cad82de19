export { Var } from './Var';
export { noGrad } from './tape';
export type { Operand, VarOptions } from './Var';
export { concat, gather } from './ops/shape';
export { Module } from './Module';
export type { ModuleConfig, ModuleOptions } from './Module';
export { LossModule } from './LossModule';
