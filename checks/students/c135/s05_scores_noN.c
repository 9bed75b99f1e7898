/* backward.c  --  HW3 part 2
 * Stages: scores -> layer 2 -> hidden -> relu -> layer 1.
 * Workspace is allocated when backward() is first entered and freed on
 * the way out. */
#include <stdlib.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

typedef struct
{
    gsl_matrix *dscores;
    gsl_matrix *dhid;
} Workspace;

static Workspace *wsp;

static void free_ws(void)
{
    if (wsp != NULL)
    {
        gsl_matrix_free(wsp->dscores);
        gsl_matrix_free(wsp->dhid);
        free(wsp);
    }
    wsp = NULL;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;
    if (wsp == NULL)
    {
        wsp = malloc(sizeof(Workspace));
        if (wsp == NULL)
            return 1;
        wsp->dscores = gsl_matrix_calloc(N, C);
        wsp->dhid = gsl_matrix_calloc(N, H);
    }

    /* scores: softmax minus one at the right class (averaged over the batch) */
    for (i = 0; i < N; i++)
    {
        for (k = 0; k < C; k++)
        {
            double p = gsl_matrix_get(cache->prob, i, k);
            gsl_matrix_set(wsp->dscores, i, k, k == y[i] ? p - 1.0 : p);
        }
    }
    gsl_matrix_memcpy(g->dz2, wsp->dscores);

    /* layer 2 */
    for (j = 0; j < H; j++)
    {
        for (k = 0; k < C; k++)
        {
            double acc = 0.0;
            for (i = 0; i < N; i++)
                acc += gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(wsp->dscores, i, k);
            gsl_matrix_set(g->dW2, j, k, acc + 2 * reg * gsl_matrix_get(net->W2, j, k));
        }
    }
    for (k = 0; k < C; k++)
    {
        double acc = 0.0;
        for (i = 0; i < N; i++)
            acc += gsl_matrix_get(wsp->dscores, i, k);
        gsl_vector_set(g->db2, k, acc);
    }

    /* hidden */
    for (i = 0; i < N; i++)
    {
        for (j = 0; j < H; j++)
        {
            double acc = 0.0;
            for (k = 0; k < C; k++)
                acc += gsl_matrix_get(wsp->dscores, i, k) * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(wsp->dhid, i, j, acc);
        }
    }
    gsl_matrix_memcpy(g->dp1, wsp->dhid);

    /* relu */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            if (gsl_matrix_get(cache->z1, i, j) <= 0)
                gsl_matrix_set(wsp->dhid, i, j, 0.0);
    gsl_matrix_memcpy(g->dz1, wsp->dhid);

    /* layer 1 */
    for (k = 0; k < D; k++)
    {
        for (j = 0; j < H; j++)
        {
            double acc = 2 * reg * gsl_matrix_get(net->W1, k, j);
            for (i = 0; i < N; i++)
                acc += gsl_matrix_get(X, i, k) * gsl_matrix_get(wsp->dhid, i, j);
            gsl_matrix_set(g->dW1, k, j, acc);
        }
    }
    for (j = 0; j < H; j++)
    {
        double acc = 0.0;
        for (i = 0; i < N; i++)
            acc += gsl_matrix_get(wsp->dhid, i, j);
        gsl_vector_set(g->db1, j, acc);
    }

    free_ws();
    g->present = BP_GRADS_ALL;
    return 0;
}
