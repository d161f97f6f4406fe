import { Module } from '@nestjs/common';
import { SocketRoutes } from './socket-routes';

/** The WebSocket path router, shared by Piston's socket and the native live socket. */
@Module({ providers: [SocketRoutes], exports: [SocketRoutes] })
export class SocketsModule {}
