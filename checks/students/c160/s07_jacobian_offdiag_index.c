#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

/* backward pass, hw 3 part 2 */

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void relu_back(const gsl_matrix *dout, const gsl_matrix *z, gsl_matrix *dz)
{
    size_t i, j;
    for (i = 0; i < z->size1; i++)
        for (j = 0; j < z->size2; j++)
            gsl_matrix_set(dz, i, j, gsl_matrix_get(z, i, j) > 0 ? gsl_matrix_get(dout, i, j) : 0);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, C = net->C;
    size_t n, k, j;
    double *jac = malloc(C * C * sizeof(double));
    double *dldp = malloc(C * sizeof(double));
    double *ones = malloc(N * sizeof(double));
    gsl_vector_view onev;

    for (n = 0; n < N; n++) {
        const double *p = cache->prob->data + n * cache->prob->tda;   /* row n of prob */
        double *dz = g->dz2->data + n * g->dz2->tda;

        for (k = 0; k < C; k++)
            dldp[k] = (k == y[n]) ? -1.0 / (N * p[k]) : 0.0;

        /* softmax derivative: d p_k / d z_j */
        for (k = 0; k < C; k++) {
            for (j = 0; j < C; j++) {
                if (j == k)
                    jac[k * C + j] = p[k] * (1 - p[k]);
                else
                    jac[k * C + j] = -p[k] * p[k];
            }
        }

        /* chain rule: dz_j = sum_k dL/dp_k * dp_k/dz_j */
        for (j = 0; j < C; j++) {
            dz[j] = 0;
            for (k = 0; k < C; k++)
                dz[j] += dldp[k] * jac[k * C + j];
        }
    }

    for (n = 0; n < N; n++)
        ones[n] = 1.0;
    onev = gsl_vector_view_array(ones, N);

    /* W2, b2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, &onev.vector, 0.0, g->db2);

    /* hidden */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
    relu_back(g->dp1, cache->z1, g->dz1);

    /* W1, b1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, &onev.vector, 0.0, g->db1);

    free(jac);
    free(dldp);
    free(ones);
    g->present = BP_GRADS_ALL;
    return 0;
}
