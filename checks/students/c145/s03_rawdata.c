// HW3 backward  (Lee Seoyeon, 20203318)
// ->data + tda 로 직접 접근 (gsl_matrix_get 은 느리다고 해서)
#include <gsl/gsl_blas.h>
#include "backprop/grads.h"

#define M(A, i, j) ((A)->data[(i) * (A)->tda + (j)])
#define V(v, i)    ((v)->data[(i) * (v)->stride])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t n = X->size1, h = net->H, c = net->C;
    size_t i, k;
    double inv_n = 1.0 / (double)n;

    if (g->N != n || cache->N != n)
        return 1;

    // dS
    gsl_matrix *dS = g->dz2;
    for (i = 0; i < n; i++) {
        for (k = 0; k < c; k++)
            M(dS, i, k) = M(cache->prob, i, k) * inv_n;
        M(dS, i, y[i]) -= inv_n;
    }

    // gW2 = H^T dS + 2*reg*W2
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, dS, 2.0 * reg, g->dW2);

    // gb2
    for (k = 0; k < c; k++)
        V(g->db2, k) = 0.0;
    for (i = 0; i < n; i++)
        for (k = 0; k < c; k++)
            V(g->db2, k) += M(dS, i, k);

    // dH = dS W2^T
    gsl_matrix *dH = g->dp1;
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dS, net->W2, 0.0, dH);

    // dA : relu 출력 H 가 0 이면 gradient 0  (H > 0 <=> A > 0)
    gsl_matrix *dA = g->dz1;
    for (i = 0; i < n; i++)
        for (k = 0; k < h; k++)
            M(dA, i, k) = M(cache->p1, i, k) > 0.0 ? M(dH, i, k) : 0.0;

    // gW1 = X^T dA + 2*reg*W1
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, dA, 2.0 * reg, g->dW1);

    // gb1
    for (k = 0; k < h; k++)
        V(g->db1, k) = 0.0;
    for (i = 0; i < n; i++)
        for (k = 0; k < h; k++)
            V(g->db1, k) += M(dA, i, k);

    g->present = BP_GRADS_ALL;
    return 0;
}
