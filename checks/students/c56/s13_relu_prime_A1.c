/* Statistical Learning -- HW6 -- backward pass
 *
 * sigma(z) = max(0, z),  sigma'(z) = 1 if z >= 0 else 0   (notes p. 41)
 * Delta1 = (Delta2 t(W2)) * sigma'(.)
 * colSums(A) = n * colMeans(A), so I reuse mean_cols() from HW5.
 */
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void mean_cols (const gsl_matrix *A, gsl_vector *m)
{
    size_t i, j, n = A->size1;
    for (j = 1; j <= A->size2; j++) {
        double s = 0.0;
        for (i = 1; i <= n; i++)
            s += gsl_matrix_get (A, i - 1, j - 1);
        gsl_vector_set (m, j - 1, s / (double) n);
    }
}

/* S[i, j] = sigma'(.) evaluated for hidden unit j of observation i */
static void relu_prime (const gsl_matrix *A1, gsl_matrix *S)
{
    size_t i, j;
    for (j = 1; j <= A1->size2; j++)
        for (i = 1; i <= A1->size1; i++)
            gsl_matrix_set (S, i - 1, j - 1, gsl_matrix_get (A1, i - 1, j - 1) >= 0 ? 1.0 : 0.0);
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
    size_t n_obs = X->size1, n_hidden = net->H, n_class = net->C;
    double lambda = reg;
    size_t i, j, k;

    if (n_obs != cache->N || X->size2 != net->D || g->N != n_obs)
        return 1;

    gsl_matrix *Sprime = gsl_matrix_alloc (n_obs, n_hidden);

    /* Delta2 = (P - Y) / n */
    for (k = 1; k <= n_class; k++)
        for (i = 1; i <= n_obs; i++) {
            double d = gsl_matrix_get (cache->prob, i - 1, k - 1);
            if (y[i - 1] == k - 1) d -= 1.0;
            gsl_matrix_set (g->dz2, i - 1, k - 1, d / n_obs);
        }

    /* G_W2 = t(A1) Delta2 + 2 lambda W2 */
    gsl_matrix_memcpy (g->dW2, net->W2);
    gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * lambda, g->dW2);

    /* g_b2 = colSums(Delta2) */
    mean_cols (g->dz2, g->db2);
    gsl_vector_scale (g->db2, (double) n_obs);

    /* dA1 = Delta2 t(W2) */
    gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* Delta1 = dA1 * sigma' */
    relu_prime (cache->p1, Sprime);
    for (j = 1; j <= n_hidden; j++)
        for (i = 1; i <= n_obs; i++)
            gsl_matrix_set (g->dz1, i - 1, j - 1,
                            gsl_matrix_get (g->dp1, i - 1, j - 1) * gsl_matrix_get (Sprime, i - 1, j - 1));

    /* G_W1 = t(X) Delta1 + 2 lambda W1 */
    gsl_matrix_memcpy (g->dW1, net->W1);
    gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * lambda, g->dW1);

    /* g_b1 = colSums(Delta1) */
    mean_cols (g->dz1, g->db1);
    gsl_vector_scale (g->db1, (double) n_obs);

    gsl_matrix_free (Sprime);
    g->present = BP_GRADS_ALL;
    return 0;
}
