// iPhone model identifiers and the names people know them by, as MVT's list of models gives them
// (mvt/ios/data/ios_models.json, iPhone 4S to iPhone 15 Pro Max). A sysdiagnose's activation
// request names the product "iPhone OS"; the model's name is what an analyst wants to read.
const MODELS: [string, string][] = [
  ['iPhone4,1', 'iPhone 4S'], ['iPhone5,1', 'iPhone 5'], ['iPhone5,2', 'iPhone 5'], ['iPhone5,3', 'iPhone 5c'], ['iPhone5,4', 'iPhone 5c'],
  ['iPhone6,1', 'iPhone 5s'], ['iPhone6,2', 'iPhone 5s'], ['iPhone7,1', 'iPhone 6 Plus'], ['iPhone7,2', 'iPhone 6'], ['iPhone8,1', 'iPhone 6s'],
  ['iPhone8,2', 'iPhone 6s Plus'], ['iPhone8,4', 'iPhone SE (1st generation)'], ['iPhone9,1', 'iPhone 7'], ['iPhone9,2', 'iPhone 7 Plus'],
  ['iPhone9,3', 'iPhone 7'], ['iPhone9,4', 'iPhone 7 Plus'], ['iPhone10,1', 'iPhone 8'], ['iPhone10,2', 'iPhone 8 Plus'], ['iPhone10,3', 'iPhone X'],
  ['iPhone10,4', 'iPhone 8'], ['iPhone10,5', 'iPhone 8 Plus'], ['iPhone10,6', 'iPhone X'], ['iPhone11,2', 'iPhone XS'], ['iPhone11,4', 'iPhone XS Max'],
  ['iPhone11,6', 'iPhone XS Max'], ['iPhone11,8', 'iPhone XR'], ['iPhone12,1', 'iPhone 11'], ['iPhone12,3', 'iPhone 11 Pro'],
  ['iPhone12,5', 'iPhone 11 Pro Max'], ['iPhone12,8', 'iPhone SE (2nd generation)'], ['iPhone13,1', 'iPhone 12 mini'], ['iPhone13,2', 'iPhone 12'],
  ['iPhone13,3', 'iPhone 12 Pro'], ['iPhone13,4', 'iPhone 12 Pro Max'], ['iPhone14,4', 'iPhone 13 Mini'], ['iPhone14,5', 'iPhone 13'],
  ['iPhone14,2', 'iPhone 13 Pro'], ['iPhone14,3', 'iPhone 13 Pro Max'], ['iPhone14,6', 'iPhone SE 3rd Gen'], ['iPhone14,7', 'iPhone 14'],
  // MVT's entry misspells its key ("decription"), so MVT fails on this phone; vigil names it.
  ['iPhone14,8', 'iPhone 14 Plus'],
  ['iPhone15,2', 'iPhone 14 Pro'], ['iPhone15,3', 'iPhone 14 Pro Max'], ['iPhone15,4', 'iPhone 15'], ['iPhone15,5', 'iPhone 15 Plus'],
  ['iPhone16,1', 'iPhone 15 Pro'], ['iPhone16,2', 'iPhone 15 Pro Max'],
];

const NAME_OF = new Map(MODELS);

/** The model's name for an identifier ("iPhone12,1" → "iPhone 11"), "" when the list lacks it (as MVT's get_device_desc_from_id). */
export const iphoneModelName = (identifier: string): string => NAME_OF.get(identifier) ?? '';

/** The list, for tests that check the lookup against MVT's steps. */
export const IPHONE_MODELS: readonly (readonly [string, string])[] = MODELS;
