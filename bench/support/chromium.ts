// Chromium for the page benches, loading pages as a user's browser does.
// Chromium's omnibox popup is a WebUI page (chrome://omnibox-popup.top-chrome, with its AI-mode app)
// that this build loads for every new window, and Playwright opens a window for every browser
// context, so for every cold load: Chromium traces of bench:page showed it taking 400-900 ms of CPU
// during each one, on the same 2 cores as the page's renderer and the app. A user's browser loads it
// once per window, not per page, so it is off here unless asked for (`withOmniboxUi`).
// Chromium honours only the last --disable-features switch, so the one added here carries
// Playwright's own list, read off the command line of a browser Playwright launched.
import { execFileSync } from 'node:child_process';
import { chromium, type Browser } from 'playwright-core';

export const OMNIBOX_WEBUI_FEATURES = ['WebUIOmniboxPopup', 'WebUIOmniboxAimPopup', 'WebUIOmniboxFullPopup'];
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The features Playwright disables (its --disable-features), as it launches Chromium here. */
async function playwrightDisabledFeatures(): Promise<string[]> {
  const probe = await chromium.launch({ executablePath });
  try {
    const children = execFileSync('ps', ['-o', 'args=', '--ppid', String(process.pid)]).toString();
    const list = /--disable-features=(\S+)/.exec(children)?.[1];
    if (!list) throw new Error("could not read Playwright's --disable-features off the browser's command line");
    return list.split(',');
  } finally {
    await probe.close();
  }
}

export async function launchChromium(opts: { withOmniboxUi?: boolean } = {}): Promise<Browser> {
  if (opts.withOmniboxUi) return chromium.launch({ executablePath });
  const features = [...(await playwrightDisabledFeatures()), ...OMNIBOX_WEBUI_FEATURES];
  return chromium.launch({ executablePath, args: [`--disable-features=${features.join(',')}`] });
}
