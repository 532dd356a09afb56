import {
  BadRequestException,
  ForbiddenException,
  HttpException,
  NotFoundException,
  ServiceUnavailableException,
} from '@nestjs/common';
import { invalidField } from './api-error';
import { toErrorBody } from './api-exception.filter';

describe('toErrorBody', () => {
  it('gives every HttpException the one shape', () => {
    expect(toErrorBody(new NotFoundException('Issue not found'), 'r1')).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'Issue not found',
      requestId: 'r1',
    });
    expect(toErrorBody(new ForbiddenException(), 'r2')).toEqual({
      statusCode: 403,
      error: 'Forbidden',
      message: 'Forbidden',
      requestId: 'r2',
    });
    expect(toErrorBody(new BadRequestException(['a is bad', 'b is bad']), 'r3').message).toBe('a is bad; b is bad');
  });

  it('keeps per-field messages', () => {
    expect(toErrorBody(invalidField('roles.0.regionId', 'no such region'), 'r')).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'Invalid input: roles.0.regionId',
      fields: { 'roles.0.regionId': ['no such region'] },
      requestId: 'r',
    });
  });

  it('tells nothing about a server error', () => {
    expect(toErrorBody(new Error('relation "users" does not exist at 10.0.0.5'), 'r')).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'Internal server error',
      requestId: 'r',
    });
    expect(toErrorBody(new HttpException('upstream secret detail', 502), 'r').message).toBe('Internal server error');
  });

  it('says what a 503 the API chose to answer says: what happened and what to do', () => {
    const message =
      'The issue’s workflow did not take the command in time: send it again with the same Idempotency-Key';
    expect(toErrorBody(new ServiceUnavailableException(message), 'r')).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message,
      requestId: 'r',
    });
  });

  it('passes the exposable client errors of body-parser, not others', () => {
    const tooLarge = Object.assign(new Error('request entity too large'), { status: 413, expose: true });
    expect(toErrorBody(tooLarge, 'r')).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
    const internal = Object.assign(new Error('secret'), { status: 400, expose: false });
    expect(toErrorBody(internal, 'r').statusCode).toBe(500);
  });
});
