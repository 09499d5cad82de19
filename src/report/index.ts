// Charts for the playground and for training reports (package subpath 'kubiki/charts').
export * from './charts';
export { renderSvg } from './renderSvg';
export * from './htmlReport';
