// The shared schemas use zod/mini (so the browser bundle stays small), which loads no locale: an
// issue without its own message would read "Invalid input". The API's 400 bodies and the live
// protocol's errors name fields with zod's messages ("Too small: expected number to be >=2"), so every
// server module that turns issues into messages imports this first. The browser never shows them.
import * as z from 'zod/mini';

z.config(z.locales.en());
