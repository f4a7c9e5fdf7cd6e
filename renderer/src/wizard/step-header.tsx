import type { ReactNode } from 'react'

/** A step's heading and one or two lines on what the step is for. */
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
      <h2 id={titleId}>{title}</h2>
      {children ? <p className="screen-header__lead">{children}</p> : null}
    </header>
  )
}
