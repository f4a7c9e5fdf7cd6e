import './styles/app.css'
import './styles/check-results.css'
import './styles/detail-blocks.css'
import './styles/site-checks.css'
import './styles/wizard.css'
import './styles/wizard-device.css'
import './styles/wizard-decision.css'
import './styles/wizard-configure.css'
import './styles/wizard-narrow.css'
import './styles/wizard-ways-out.css'
import './styles/settings.css'
import './styles/sign-in-and-verify.css'
import './styles/report.css'
import './styles/report-preview.css'

import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'

import { App } from './app'

const root = document.getElementById('root')
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  )
}
