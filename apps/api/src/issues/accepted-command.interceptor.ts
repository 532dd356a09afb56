// Owns the HTTP status of a command's answer: 200 when the workflow carried it out, 202 Accepted (with the address of
// the command's outcome in Location) when it is saved but not carried out within COMPLETION_WAIT_MS.
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
          response.status(202).setHeader('Location', answer.accepted.outcomeUrl);
        }
        return answer;
      }),
    );
  }
}
