import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { provideWebTesting, settle, testDom } from '@kaizen/web/ui-kit/testing';
import { WebhooksPageComponent } from './webhooks-page.component';

describe('WebhooksPageComponent', () => {
  let fixture: ComponentFixture<WebhooksPageComponent>;
  let element: HTMLElement;
  let http: HttpTestingController;
  const { byTestId, errorOf, type } = testDom(() => element);

  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: provideWebTesting() });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(WebhooksPageComponent);
    element = fixture.nativeElement;
    fixture.detectChanges();
    http.expectOne((request) => request.url === '/api/webhooks').flush({ items: [], nextCursor: null });
    await settle();
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  async function create(): Promise<void> {
    byTestId<HTMLButtonElement>('create-webhook').click();
    await settle();
    await fixture.whenStable();
  }

  it('asks for name and address next to the fields without calling the API', async () => {
    await create();
    expect(errorOf('webhook-name')).toBe('Fill this in.');
    expect(errorOf('webhook-url')).toBe('Fill this in.');
    http.expectNone({ method: 'POST', url: '/api/webhooks' });
  });

  it("puts the API's refusal of the address next to the address field", async () => {
    type('webhook-name', 'Slack #verbeteren');
    type('webhook-url', 'http://intranet.local/hook');
    await create();
    http.expectOne({ method: 'POST', url: '/api/webhooks' }).flush(
      {
        type: 'about:blank',
        title: 'Bad Request',
        status: 400,
        errors: [{ field: 'url', rule: 'isHttpsUrl', message: 'url must be an https address' }],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle();
    await fixture.whenStable();
    expect(errorOf('webhook-url')).toBe('url must be an https address');
    expect(element.querySelector('[data-testid="webhook-error"]')).toBeNull();
  });
});
