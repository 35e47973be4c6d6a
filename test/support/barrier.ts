/** A promise the test opens: a point it waits for, or holds a sandbox call at (a fault's `hold`). */
export const barrier = (): { open: () => void; opened: Promise<void> } => {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
};
