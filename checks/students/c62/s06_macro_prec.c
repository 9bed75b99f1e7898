#include "backprop.h"
#include <gsl/gsl_blas.h>
#define F(i,a,b) for(int i=(a);i<(b);++i)
#define G(m,i,j) gsl_matrix_get(m,i,j)
#define S(m,i,j,v) gsl_matrix_set(m,i,j,v)
#define Q(i,j) G(cache->prob,i,j)-(j==(int)y[i])
static int n,h,c;
int backward(const bp_net*net,const gsl_matrix*X,const size_t*y,double reg,const bp_cache*cache,bp_grads*g){
    n=X->size1; h=net->H; c=net->C; double in=1.0/n;
    F(i,0,n) F(j,0,c) S(g->dz2,i,j,Q(i,j)*in);
    gsl_matrix_memcpy(g->dW2,net->W2); gsl_blas_dgemm(CblasTrans,CblasNoTrans,1,cache->p1,g->dz2,2*reg,g->dW2);
    gsl_vector_set_zero(g->db2); F(i,0,n) F(j,0,c) *gsl_vector_ptr(g->db2,j)+=G(g->dz2,i,j);
    gsl_blas_dgemm(CblasNoTrans,CblasTrans,1,g->dz2,net->W2,0,g->dp1);
    F(i,0,n) F(k,0,h) S(g->dz1,i,k,G(cache->z1,i,k)>0?G(g->dp1,i,k):0);
    gsl_matrix_memcpy(g->dW1,net->W1); gsl_blas_dgemm(CblasTrans,CblasNoTrans,1,X,g->dz1,2*reg,g->dW1);
    gsl_vector_set_zero(g->db1); F(i,0,n) F(k,0,h) *gsl_vector_ptr(g->db1,k)+=G(g->dz1,i,k);
    g->present=BP_GRADS_ALL; return 0;
}
