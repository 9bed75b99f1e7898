#include "backprop.h"
#include <gsl/gsl_blas.h>
#define F(i,a,b) for(int i=(a);i<(b);++i)
#define G(m,i,j) gsl_matrix_get(m,i,j)
#define S(m,i,j,v) gsl_matrix_set(m,i,j,v)
#define V(v,i) (*gsl_vector_ptr(v,i))
static int n,h,c;
int backward(const bp_net *net,const gsl_matrix *X,const size_t *y,double reg,const bp_cache *cache,bp_grads *g)
{
    n=X->size1,h=net->H,c=net->C;
    gsl_matrix_memcpy(g->dz2,cache->prob);
    F(i,0,n)F(j,0,c)S(g->dz2,i,j,(G(g->dz2,i,j)-(j==(int)y[i]))/n);
    gsl_matrix_memcpy(g->dW2,net->W2),gsl_blas_dgemm(CblasTrans,CblasNoTrans,1,cache->p1,g->dz2,2*reg,g->dW2);
    gsl_vector_set_zero(g->db2);F(i,0,n)F(j,0,c)V(g->db2,j)+=G(g->dz2,i,j);
    gsl_blas_dgemm(CblasNoTrans,CblasTrans,1,g->dz2,net->W2,0,g->dp1);
    gsl_vector_set_zero(g->db1);
    F(i,0,n)F(k,0,h){double t=G(g->dp1,i,k);S(g->dz1,i,k,G(cache->z1,i,k)>0?t:0);V(g->db1,k)+=t;}
    gsl_matrix_memcpy(g->dW1,net->W1),gsl_blas_dgemm(CblasTrans,CblasNoTrans,1,X,g->dz1,2*reg,g->dW1);
    g->present=BP_GRADS_ALL;return 0;
}
