// Inline SVG icons (no icon font, nothing fetched at run time).
import type { SVGProps } from "react";

type IconProps = SVGProps<SVGSVGElement> & { size?: number };

function Icon({ size = 18, children, ...rest }: IconProps) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={2}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
      {...rest}
    >
      {children}
    </svg>
  );
}

export const PlayIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M7 4.5v15l12.5-7.5z" fill="currentColor" stroke="none" />
  </Icon>
);
export const PauseIcon = (p: IconProps) => (
  <Icon {...p}>
    <rect x="6" y="4.5" width="4" height="15" rx="1" fill="currentColor" stroke="none" />
    <rect x="14" y="4.5" width="4" height="15" rx="1" fill="currentColor" stroke="none" />
  </Icon>
);
export const StepIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M5 5v14l10-7z" fill="currentColor" stroke="none" />
    <path d="M18 5v14" strokeWidth={2.5} />
  </Icon>
);
export const ResetIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M4 12a8 8 0 1 0 2.4-5.7" />
    <path d="M4 4v4.5h4.5" />
  </Icon>
);
export const TrashIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M4 7h16M10 11v6M14 11v6M6 7l1 12a2 2 0 0 0 2 2h6a2 2 0 0 0 2-2l1-12M9 7V4h6v3" />
  </Icon>
);
export const FitIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M4 9V4h5M20 9V4h-5M4 15v5h5M20 15v5h-5" />
  </Icon>
);
export const CloseIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M6 6l12 12M18 6L6 18" />
  </Icon>
);
export const NetworkIcon = (p: IconProps) => (
  <Icon {...p}>
    <circle cx="5" cy="7" r="2" />
    <circle cx="5" cy="17" r="2" />
    <circle cx="19" cy="12" r="2" />
    <path d="M7 7.6l10 3.6M7 16.4l10-3.6" />
  </Icon>
);
export const BroomIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M19 3l-7 7M8.5 10.5l5 5M4 20c1.5-4 3-7 4.5-9.5l5 5C11 17 8 18.5 4 20z" />
  </Icon>
);
export const UndoIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M9 14L4 9l5-5" />
    <path d="M4 9h10.5a5.5 5.5 0 0 1 0 11H11" />
  </Icon>
);
export const RedoIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M15 14l5-5-5-5" />
    <path d="M20 9H9.5a5.5 5.5 0 0 0 0 11H13" />
  </Icon>
);
export const LayoutIcon = (p: IconProps) => (
  <Icon {...p}>
    <rect x="3" y="9" width="5" height="6" rx="1" />
    <rect x="16" y="4" width="5" height="6" rx="1" />
    <rect x="16" y="14" width="5" height="6" rx="1" />
    <path d="M8 12h4m0-5v10m0-10h4m-4 10h4" />
  </Icon>
);
export const DownloadIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M12 4v11M7 10l5 5 5-5M5 20h14" />
  </Icon>
);
export const UploadIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M12 16V5M7 10l5-5 5 5M5 20h14" />
  </Icon>
);
export const TemplateIcon = (p: IconProps) => (
  <Icon {...p}>
    <rect x="3" y="3" width="7" height="7" rx="1" />
    <rect x="14" y="3" width="7" height="7" rx="1" />
    <rect x="3" y="14" width="7" height="7" rx="1" />
    <rect x="14" y="14" width="7" height="7" rx="1" />
  </Icon>
);
export const GroupIcon = ({ size = 15, ...p }: IconProps) => (
  <Icon size={size} {...p}>
    <rect x="3" y="3" width="18" height="18" rx="2" strokeDasharray="3 3" />
    <rect x="7" y="8" width="4" height="4" />
    <rect x="13" y="12" width="4" height="4" />
  </Icon>
);
export const SnowflakeIcon = ({ size = 12, ...p }: IconProps) => (
  <Icon size={size} strokeLinejoin="miter" {...p}>
    <path d="M12 2v20M4.9 7l14.2 10M4.9 17l14.2-10M9 4l3 2 3-2M9 20l3-2 3 2M3.5 10.5l1.4-3.5-3.4-1M20.5 13.5l-1.4 3.5 3.4 1M3.5 13.5l1.4 3.5-3.4 1M20.5 10.5l-1.4-3.5 3.4-1" />
  </Icon>
);
export const CodeIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M8 7l-5 5 5 5M16 7l5 5-5 5M14 4l-4 16" />
  </Icon>
);
