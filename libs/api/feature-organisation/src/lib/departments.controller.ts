import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Requires } from '@kaizen/api/data-access-auth';
import { Creates, IdParam, PageQueryDto, type Page } from '@kaizen/api/util-core';
import {
  AppointHeadDto,
  CreateDepartmentDto,
  DepartmentDto,
  DepartmentPageDto,
  UpdateDepartmentDto,
} from './organisation.dto';
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
  @ApiOkResponse({ type: DepartmentPageDto })
  list(@Query() page: PageQueryDto): Promise<Page<DepartmentDto>> {
    return this.organisations.departments(page);
  }

  @Post()
  @Requires('structure.manage')
  @ApiOperation({ operationId: 'createDepartment' })
  @Creates(DepartmentDto, (department) => `departments/${department.id}`)
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
  @ApiOperation({ operationId: 'appointDepartmentHead', summary: 'Answers the department, heads included' })
  @Creates(DepartmentDto, (department) => `departments/${department.id}`)
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
