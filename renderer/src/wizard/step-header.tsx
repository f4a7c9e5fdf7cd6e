import type { ReactNode } from 'react'

/**
 * A step's heading and one or two lines on what the step is for. The heading takes the focus when
 * the step opens (tabIndex -1: focusable by script, not a Tab stop), so a screen reader reads the
 * step's name first and the next Tab goes on from the top of the step.
 */
export function StepHeader({
  title,
  titleId,
  children,
}: {
  title: string
  titleId: string
  children?: ReactNode
}) {
  return (
    <header className="screen-header">
      <h2 id={titleId} tabIndex={-1}>
        {title}
      </h2>
      {children ? <p className="screen-header__lead">{children}</p> : null}
    </header>
  )
}
