import {
  accuracy,
  buildLoss,
  confusionMatrix,
  DataError,
  encodeText,
  L1Loss,
  loadText,
  loadModel,
  predict,
  evaluate as evaluateModel,
  MSELoss,
  precisionRecall,
  predictedLabels,
  probabilitiesOf,
  targetLabels,
  textCrossEntropy,
  type Sequential,
  type Tensor,
} from '../../src';
import { fmt, print, table } from '../format';
import { firstOutput, readDataForModel, readMetadata, type CliMetadata } from '../task';
import type { TextMetadata } from '../textData';

export interface EvaluateOptions {
  model: string;
  data: string;
  json?: boolean;
}

/** kubiki evaluate: loss and accuracy, per-class precision/recall and the confusion matrix; MSE/MAE for regression. */
export function evaluate(options: EvaluateOptions): void {
  const model = loadModel(options.model);
  const meta = readMetadata(model, options.model);
  if (meta.text) return evaluateText(options, model as Sequential, meta.text, meta); // language models are layer lists (text data is refused for graphs)
  const { x, y, data } = readDataForModel(options.data, meta, model, true);
  if (!y) throw new DataError(`${options.data}: expected a label column to evaluate against, got none`);
  const loss = buildLoss(meta.loss);
  const prediction = firstOutput(predict(model, x));
  const rows = prediction.shape[0] as number;

  if (meta.task === 'regression') {
    const report = {
      rows,
      loss: loss.forward(prediction, y),
      mse: new MSELoss().forward(prediction, y),
      mae: new L1Loss().forward(prediction, y),
    };
    if (options.json) return print(JSON.stringify(report));
    print(`Evaluated ${rows} rows of ${options.data}`);
    print(`loss (${meta.loss.type}): ${fmt(report.loss)}`);
    print(`MSE: ${fmt(report.mse)}`);
    print(`MAE: ${fmt(report.mae)}`);
    return;
  }

  const result = evaluateModel(model, x, y, { loss });
  const binary = meta.task === 'binary';
  const classes = meta.classes ?? data.classes ?? classNames(binary ? 2 : (prediction.size / rows));
  const scores = probabilitiesOf(prediction, loss.output);
  const predicted = predictedLabels(scores);
  const correct = accuracy(scores, y);
  const truth = targetLabels(y as Tensor, binary ? 2 : classes.length);
  const matrix = confusionMatrix(predicted, truth, classes.length);
  const report = precisionRecall(matrix);
  if (options.json) {
    return print(JSON.stringify({ rows, loss: result.loss, accuracy: correct, classes, confusionMatrix: matrix, ...report }));
  }
  print(`Evaluated ${rows} rows of ${options.data}`);
  print(`loss (${meta.loss.type}): ${fmt(result.loss)}`);
  print(`accuracy: ${fmt(correct)}`);
  print('');
  print(table(['class', 'precision', 'recall', 'f1', 'support'], classes.map((name, c) => [
    name,
    fmt(report.precision[c] ?? 0),
    fmt(report.recall[c] ?? 0),
    fmt(report.f1[c] ?? 0),
    String(report.support[c] ?? 0),
  ])));
  print('');
  print('Confusion matrix (rows: true class, columns: predicted class)');
  print(table(['', ...classes], matrix.map((row, t) => [classes[t] as string, ...row.map(String)])));
}

/** A language model on a text file of lines: the cross-entropy in nats per character, end of word counted. */
function evaluateText(options: EvaluateOptions, model: Sequential, text: TextMetadata, meta: CliMetadata): void {
  const data = encodeText(loadText(options.data), text.vocabulary, {
    length: meta.inputShape[0] as number,
    ignoreIndex: text.ignoreIndex,
    lengthSource: `the model's input of ${meta.inputShape[0]} steps`,
  });
  const natsPerCharacter = textCrossEntropy(model, data, buildLoss(meta.loss));
  const rows = data.x.shape[0] as number;
  if (options.json) return print(JSON.stringify({ rows, characters: data.characters, loss: natsPerCharacter, natsPerCharacter }));
  print(`Evaluated ${rows} words of ${options.data} (${data.characters} characters with their ends)`);
  print(`cross-entropy: ${fmt(natsPerCharacter)} nats per character (${fmt(natsPerCharacter / Math.LN2)} bits)`);
}

function classNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => String(i));
}
