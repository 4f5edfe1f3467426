/**
 * Trimming a set of characters from both ends of a string in linear time. (A regular
 * expression such as /[.,;]+$/ is quadratic on long runs of those characters that do not reach
 * the end of the string, which untrusted input can supply.)
 * @module
 */
export function trimChars(text: string, leading: string, trailing: string = leading): string {
  let start = 0;
  let end = text.length;
  while (start < end && leading.includes(text[start] as string)) start++;
  while (end > start && trailing.includes(text[end - 1] as string)) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}
