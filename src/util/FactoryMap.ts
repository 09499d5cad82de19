import { ConfigError } from '../errors';
import { didYouMean } from './suggest';

/**
 * The builders of one kind of block (losses, optimizers): the built-in record, whose keys are the
 * built-in types, then the user types added by an explicit call (registerLoss, registerOptimizer),
 * never by importing a file. Registering a built-in name is refused; registering a user type again
 * replaces its factory.
 */
export class FactoryMap<Config extends { readonly type: string }, Value> {
  private readonly factories = new Map<string, (config: Config) => Value>();
  /** The built-in type names, in the record's order. */
  readonly builtIns: readonly string[];

  /**
   * @param what      the kind of block, for messages ("loss")
   * @param register  the function that adds one ("registerLoss")
   * @param builders  the built-in record { type: (config) => block }
   */
  constructor(
    private readonly what: string,
    private readonly register: string,
    private readonly builders: { readonly [type: string]: (config: never) => Value },
  ) {
    this.builtIns = Object.freeze(Object.keys(builders));
  }

  add(type: string, factory: (config: Config) => Value): void {
    if (typeof type !== 'string' || type === '') {
      throw new ConfigError(`${this.register}: expected a type name, got ${JSON.stringify(type)}`, {
        details: { key: 'type', expected: 'a non-empty string', got: type },
      });
    }
    if (this.builtIns.includes(type)) {
      throw new ConfigError(
        `${this.register}: expected a new ${this.what} type, got the built-in ${JSON.stringify(type)}; choose another name`,
        { details: { key: 'type', expected: `a name other than the built-in ${this.what}s`, got: type } },
      );
    }
    if (typeof factory !== 'function') {
      throw new ConfigError(`${this.register}(${JSON.stringify(type)}): expected a factory (config) => ${this.what}, got ${typeof factory}`, {
        details: { key: 'factory', expected: 'a function', got: typeof factory },
      });
    }
    this.factories.set(type, factory);
  }

  /** Built-in names, then registered ones: for validation and "did you mean". */
  types(): string[] {
    return [...this.builtIns, ...this.factories.keys()];
  }

  /** The block for `config`: a built-in first, then a registered type; otherwise a ConfigError naming the type. */
  build(config: Config): Value {
    const type = (config as { type?: unknown } | null)?.type;
    if (typeof type === 'string' && Object.hasOwn(this.builders, type)) {
      return (this.builders[type] as (config: Config) => Value)(config);
    }
    const factory = typeof type === 'string' ? this.factories.get(type) : undefined;
    if (factory === undefined) throw this.unknown(type, `${this.what}.type`);
    return factory(config);
  }

  /** The error for a type that is neither built in nor registered, addressed to `path`. */
  private unknown(type: unknown, path: string): ConfigError {
    const known = this.types();
    const hint = typeof type === 'string' ? didYouMean(type, known) : '';
    return new ConfigError(
      `${path}: unknown ${this.what} ${JSON.stringify(type)}${hint || `; expected one of ${known.join(', ')}`}` +
        ` (a ${this.what} of your own must be added with ${this.register}(type, factory) first)`,
      { path, details: { key: 'type', expected: `one of ${known.join(', ')}`, got: type } },
    );
  }
}
