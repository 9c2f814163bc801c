// The names a scaffolded aggregate or projection uses, derived from what the user typed:
// `shop.order` → folder `shopOrder`, type `ShopOrder`, noun `Order`; `order-summary` → `orderSummary`.
import { AGGREGATE_TYPE_PATTERN, PROJECTION_NAME_PATTERN } from '../../src/shared/identifiers.js';

export interface AggregateNames {
  /** `shop.order` */
  type: string;
  /** `shopOrder`: the folder under src/domain and the prefix of exported constants. */
  camel: string;
  /** `ShopOrder`: the type names. */
  pascal: string;
  /** `Order`: the last segment, the events' prefix (`OrderCreated`). */
  noun: string;
  /** `order`: the reason prefix (`order-already-exists`). */
  kebabNoun: string;
}

export function aggregateNames(type: string): AggregateNames {
  if (!AGGREGATE_TYPE_PATTERN.test(type)) {
    throw new Error(
      `"${type}" is not an aggregate type: use a lower-case, domain-qualified name such as "shop.order".`,
    );
  }
  const words = type.split(/[.-]/);
  const pascal = words.map(capitalize).join('');
  const last = type.split('.').at(-1) ?? type;
  return {
    type,
    camel: pascal.charAt(0).toLowerCase() + pascal.slice(1),
    pascal,
    noun: last.split('-').map(capitalize).join(''),
    kebabNoun: last,
  };
}

export interface ProjectionNames {
  /** `order-summary` */
  name: string;
  /** `orderSummary`: the file and the exported constant. */
  camel: string;
  /** `OrderSummary`: the state type. */
  pascal: string;
}

export function projectionNames(name: string): ProjectionNames {
  if (!PROJECTION_NAME_PATTERN.test(name)) {
    throw new Error(`"${name}" is not a projection name: use lower-case kebab-case such as "order-summary".`);
  }
  const pascal = name.split('-').map(capitalize).join('');
  return { name, camel: pascal.charAt(0).toLowerCase() + pascal.slice(1), pascal };
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
