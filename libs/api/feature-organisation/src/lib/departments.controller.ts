import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Patch, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Requires } from '@kaizen/api/data-access-auth';
import { IdParam } from '@kaizen/api/util-core';
import { AppointHeadDto, CreateDepartmentDto, DepartmentDto, UpdateDepartmentDto } from './organisation.dto';
import { OrganisationService } from './organisation.service';

@ApiTags('structure')
@ApiBearerAuth()
@Controller('departments')
export class DepartmentsController {
  constructor(private readonly organisations: OrganisationService) {}

  @Get()
  @Requires('structure.read')
  @ApiOperation({
    operationId: 'listDepartments',
    summary: 'Active departments, with their parent and heads',
  })
  @ApiOkResponse({ type: [DepartmentDto] })
  list(): Promise<DepartmentDto[]> {
    return this.organisations.departments();
  }

  @Post()
  @Requires('structure.manage')
  @ApiOperation({ operationId: 'createDepartment' })
  @ApiCreatedResponse({ type: DepartmentDto })
  create(@Body() dto: CreateDepartmentDto): Promise<DepartmentDto> {
    return this.organisations.createDepartment(dto);
  }

  @Get(':id')
  @Requires('structure.read')
  @ApiOperation({ operationId: 'getDepartment' })
  @ApiOkResponse({ type: DepartmentDto })
  get(@IdParam() id: string): Promise<DepartmentDto> {
    return this.organisations.department(id);
  }

  @Patch(':id')
  @Requires('structure.manage')
  @ApiOperation({
    operationId: 'updateDepartment',
    summary: 'Rename, or move under another department (never under itself)',
  })
  @ApiOkResponse({ type: DepartmentDto })
  update(@IdParam() id: string, @Body() dto: UpdateDepartmentDto): Promise<DepartmentDto> {
    return this.organisations.updateDepartment(id, dto);
  }

  @Delete(':id')
  @Requires('structure.manage')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ operationId: 'archiveDepartment', summary: 'Archive; its history stays' })
  @ApiNoContentResponse()
  archive(@IdParam() id: string): Promise<void> {
    return this.organisations.archiveDepartment(id);
  }

  @Post(':id/heads')
  @Requires('structure.manage')
  @ApiOperation({ operationId: 'appointDepartmentHead' })
  @ApiCreatedResponse({ type: DepartmentDto })
  appointHead(@IdParam() id: string, @Body() dto: AppointHeadDto): Promise<DepartmentDto> {
    return this.organisations.appointHead(id, dto.membershipId);
  }

  @Delete(':id/heads/:membershipId')
  @Requires('structure.manage')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ operationId: 'endDepartmentHead' })
  @ApiNoContentResponse()
  endHead(@IdParam() id: string, @IdParam('membershipId') membershipId: string): Promise<void> {
    return this.organisations.endHead(id, membershipId);
  }
}
