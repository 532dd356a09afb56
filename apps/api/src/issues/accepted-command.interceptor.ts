// Owns the HTTP status of a command's answer: 200 when the workflow carried it out, 202 Accepted (with the issue's
// address in Location) when it accepted the command but has not carried it out within COMPLETION_WAIT_MS.
import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { map, type Observable } from 'rxjs';
import { isAccepted } from './issues.dto';

@Injectable()
export class AcceptedCommandInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      map((answer: unknown) => {
        if (isAccepted(answer)) {
          const response = context.switchToHttp().getResponse<Response>();
          response.status(202).setHeader('Location', `/api/issues/${answer.issue.id}`);
        }
        return answer;
      }),
    );
  }
}
