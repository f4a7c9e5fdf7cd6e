/**
 * The sentence that marks a check deferred because the site was offline: the runner puts it in
 * front of the check's own explanation; the renderer recognises it to show "Deferred".
 */
export const OFFLINE_EXPLANATION = 'Offline — run again when the site is online.'
