// The explanation beside the charts (text in ../story.ts), in a collapsible column.
import { STORY, STORY_TITLE } from '../story';

export function Story({ open = true }: { open?: boolean }) {
  return (
    <section className="story" data-testid="story" aria-label={STORY_TITLE}>
      <details open={open}>
        <summary>{STORY_TITLE}</summary>
        <div className="story-body">
          {STORY.map((item) => (
            <section key={item.id} className="story-item" data-story={item.id}>
              <h4>{item.title}</h4>
              {item.text.map((t, i) => <p key={i}>{t}</p>)}
            </section>
          ))}
        </div>
      </details>
    </section>
  );
}
