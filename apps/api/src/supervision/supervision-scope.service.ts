// Owns "which figures may this user ask for": a supervisor or liaison officer reaches the regions under their
// grants (admins reach everywhere), and a scope named by its region, station, department or deputy must lie there.
// Unknown → 404; known but outside the user's regions → 403.
import { BadRequestException, ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { MetricScope } from '@app/metrics';
import { hasRole, type AuthUser } from '../auth/auth-user';
import { isPathWithin, ScopeService } from '../auth/scope.service';
import { invalidField } from '../common/api-error';
import type { ScopeQuery, ScopeView } from './supervision.dto';
import { SupervisionRepository, type RegionRef } from './supervision.repository';

export interface ResolvedScope {
  scope: MetricScope;
  view: ScopeView;
  /** The query parameter that names the scope, for drill-down links: `region=<id>`. */
  param: string;
}

const SCOPE_PARAMS = ['region', 'station', 'department', 'deputy'] as const;

@Injectable()
export class SupervisionScopeService {
  constructor(
    @Inject(SupervisionRepository) private readonly repository: SupervisionRepository,
    @Inject(ScopeService) private readonly scopes: ScopeService,
  ) {}

  /** The region paths the user supervises or keeps liaison for; null for admins, who reach everywhere. */
  roots(user: AuthUser): string[] | null {
    if (hasRole(user, 'admin')) return null;
    return [
      ...new Set([...this.scopes.regionPathsFor(user, 'supervisor'), ...this.scopes.regionPathsFor(user, 'liaison')]),
    ];
  }

  isWithin(user: AuthUser, path: string): boolean {
    const roots = this.roots(user);
    return roots === null || roots.some((root) => isPathWithin(path, root));
  }

  assertWithin(user: AuthUser, path: string): void {
    if (!this.isWithin(user, path)) throw new ForbiddenException('This lies outside your regions');
  }

  /** A region named by code or id that the user reaches: 404 when unknown, 403 when outside their regions. */
  async region(user: AuthUser, ref: string): Promise<RegionRef> {
    const region = await this.repository.region(ref);
    if (!region) throw new NotFoundException('Region not found');
    this.assertWithin(user, region.path);
    return region;
  }

  /**
   * The scope the query names (exactly one of region, station, department, deputy; with none, the user's own
   * region when they have exactly one). `ownDeputy`: a deputy may ask for their own figures.
   */
  async resolve(user: AuthUser, query: ScopeQuery, options: { ownDeputy?: boolean } = {}): Promise<ResolvedScope> {
    const named = SCOPE_PARAMS.filter((name) => query[name] !== undefined);
    if (named.length > 1) {
      throw new BadRequestException({
        message: 'Name one scope only',
        fields: Object.fromEntries(
          named.map((name) => [name, ['name only one of region, station, department, deputy']]),
        ),
      });
    }
    if (named.length === 0) {
      const roots = this.roots(user);
      if (roots?.length !== 1) throw invalidField('region', 'name a region, station, department or deputy');
      return this.resolve(user, { region: await this.regionIdOf(roots[0]) });
    }
    const kind = named[0];
    const ref = query[kind] as string;
    switch (kind) {
      case 'region': {
        const region = await this.region(user, ref);
        return {
          scope: { kind: 'region', id: region.id, path: region.path, level: region.level },
          view: { kind, id: region.id, code: region.code, name: region.name, level: region.level },
          param: `region=${region.id}`,
        };
      }
      case 'station': {
        const station = await this.repository.station(ref);
        if (!station) throw new NotFoundException('Station not found');
        this.assertWithin(user, station.path);
        return {
          scope: { kind: 'station', id: station.id },
          view: { kind, id: station.id, code: station.code, name: station.name, level: null },
          param: `station=${station.id}`,
        };
      }
      case 'department': {
        const department = await this.repository.department(ref);
        if (!department) throw new NotFoundException('Department not found');
        this.assertWithin(user, department.path);
        return {
          scope: { kind: 'department', id: department.id },
          view: { kind, id: department.id, code: department.code, name: department.name, level: null },
          param: `department=${department.id}`,
        };
      }
      case 'deputy': {
        const deputy = await this.repository.deputy(ref);
        if (!deputy) throw new NotFoundException('Deputy not found');
        const own = options.ownDeputy === true && hasRole(user, 'deputy') && user.deputyId === deputy.id;
        const roots = own ? null : this.roots(user);
        if (roots !== null && !deputy.stationPaths.some((path) => roots.some((root) => isPathWithin(path, root)))) {
          throw new ForbiddenException('This deputy sits at no station in your regions');
        }
        return {
          scope: { kind: 'deputy', id: deputy.id, regionRoots: roots },
          view: { kind, id: deputy.id, code: null, name: deputy.name, level: null },
          param: `deputy=${deputy.id}`,
        };
      }
    }
  }

  private async regionIdOf(path: string): Promise<string> {
    const region = await this.repository.regionByPath(path);
    if (!region) throw new NotFoundException('Region not found');
    return region.id;
  }
}
